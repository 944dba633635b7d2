import { dateTimeLabel } from '../../shared/format';
import { serviceStatus, stateLabel } from '../../shared/service-status';

/** What `GET /api/status` answers right now: what the participant page and the program's website show. */
export function CurrentStatus() {
  const status = serviceStatus.value;
  if (!status) return <p class="muted">The current status could not be read.</p>;
  return (
    <div class="current-status">
      <h3>What participants see now</h3>
      <dl>
        <dt>State</dt>
        <dd class={`state-${status.state}`}>{stateLabel(status.state)}</dd>
        <dt>Message</dt>
        <dd dir="auto">{status.message ?? <span class="muted">None</span>}</dd>
        {status.state === 'closed' && (
          <>
            <dt>Next opening</dt>
            <dd>{status.opens_at ? dateTimeLabel(status.opens_at) : <span class="muted">Not scheduled</span>}</dd>
          </>
        )}
        <dt>Other ways to reach help</dt>
        <dd>
          {status.alternatives.length === 0 ? (
            <span class="muted">None</span>
          ) : (
            <ul>
              {status.alternatives.map((a, i) => (
                <li key={i} dir="auto">
                  {a.label}: {a.value}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
    </div>
  );
}
