import { useEffect, useState } from 'preact/hooks';
import { loadSmsSetup, PROVIDER_NAMES, type SmsSetupReply } from './sms-setup';
import { describeError } from '../../shared/common';

/**
 * Admins: the text line as the server runs it. Credentials live in the server's environment and
 * never reach a browser; this shows what to paste into each provider's console instead.
 */
export function SmsSetup() {
  const [setup, setSetup] = useState<SmsSetupReply | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    loadSmsSetup()
      .then(setSetup)
      .catch((error: unknown) => setFailure(describeError(error)));
  }, []);

  return (
    <section aria-labelledby="sms-setup-heading" class="card sms-setup">
      <h2 id="sms-setup-heading" tabIndex={-1}>
        Text line
      </h2>
      {failure && (
        <p role="alert" class="error">
          {failure}
        </p>
      )}
      {setup && setup.providers.length === 0 && (
        <p>
          Texting is off: no SMS provider is set up. A provider is turned on in the server’s settings (Twilio, Telnyx or Vonage
          credentials), as the SMS guide that comes with Lantern explains.
        </p>
      )}
      {setup && setup.providers.length > 0 && (
        <>
          <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="sms-setup-caption">
            <table>
              <caption id="sms-setup-caption">Providers on, and the webhook address to paste into each provider’s console</caption>
              <thead>
                <tr>
                  <th scope="col">Provider</th>
                  <th scope="col">Program number</th>
                  <th scope="col">Webhook address</th>
                  <th scope="col">Texts a new number</th>
                </tr>
              </thead>
              <tbody>
                {setup.providers.map((provider) => (
                  <tr key={provider.name}>
                    <th scope="row">{PROVIDER_NAMES[provider.name]}</th>
                    <td>{provider.number}</td>
                    <td>
                      <code class="webhook">{provider.webhookUrl}</code>
                    </td>
                    <td>{provider.outbound ? 'Yes' : 'No'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>After-hours reply</h3>
          <p>
            On: a text that arrives while the line is closed (outside the hours, or switched to closed) gets this reply, and
            still waits in the queue.
          </p>
          {setup.afterHours.notice && <blockquote dir="auto">{setup.afterHours.notice}</blockquote>}
          <p class="hint">
            {setup.serverKey === 'setting'
              ? 'Phone numbers are sealed with the SERVER_KEY setting, kept apart from the database.'
              : 'Phone numbers are sealed with a key kept in the database. Setting SERVER_KEY keeps it apart from the data it protects.'}{' '}
            Provider credentials are set on the server and are never shown here.
          </p>
        </>
      )}
    </section>
  );
}
