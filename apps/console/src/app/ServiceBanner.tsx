import { serviceStatus, stateLabel } from '../shared/service-status';

/**
 * Says in the header, on every screen, that participants cannot reach the line right now. The live
 * region is always present (empty while open), so a change pushed by the server is announced.
 */
export function ServiceBanner() {
  const status = serviceStatus.value;
  const shown = status && status.state !== 'open' ? status : null;
  return (
    <div role="status" class={`service-banner${shown ? ` ${shown.state}` : ''}`}>
      {shown && (
        <p>
          <strong>{stateLabel(shown.state)}</strong>
          {shown.message && (
            <>
              {': '}
              <span dir="auto">{shown.message}</span>
            </>
          )}
        </p>
      )}
    </div>
  );
}
