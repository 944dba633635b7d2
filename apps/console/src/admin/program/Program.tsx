import { loadSettings } from './program';
import { AuditLog } from '../audit/AuditLog';
import { EmbedSnippet } from './EmbedSnippet';
import { ScreenHeading } from '../../shared/common';
import { HoursForm } from './HoursForm';
import { LoadState, useLoaded } from '../../shared/Loaded';
import { RetentionForm } from './RetentionForm';
import { RoutingForm } from './RoutingForm';
import { SmsSetup } from './SmsSetup';
import { StatusForm } from './StatusForm';

/** Admins: whether the line is open (the switch and the hours), and the audit log. */
export function Program() {
  const { value: settings, failure, reload } = useLoaded(loadSettings);

  return (
    <div class="program">
      <ScreenHeading>Program</ScreenHeading>
      <nav aria-label="Program sections" class="sections">
        <a href="#program" data-target="status-heading" onClick={jump}>
          Status
        </a>
        <a href="#program" data-target="hours-heading" onClick={jump}>
          Hours
        </a>
        <a href="#program" data-target="routing-heading" onClick={jump}>
          Queue and routing
        </a>
        <a href="#program" data-target="retention-heading" onClick={jump}>
          Retention
        </a>
        <a href="#program" data-target="sms-setup-heading" onClick={jump}>
          Text line
        </a>
        <a href="#program" data-target="audit-heading" onClick={jump}>
          Audit log
        </a>
      </nav>
      <LoadState loaded={settings !== null} failure={failure} reload={reload} />
      {settings && (
        <>
          <StatusForm settings={settings} />
          <HoursForm settings={settings} />
        </>
      )}
      <RoutingForm />
      <RetentionForm />
      <EmbedSnippet />
      <SmsSetup />
      <AuditLog />
    </div>
  );
}

/** In-page links that leave the hash alone (it picks the screen): move to the section's heading, which takes focus. */
function jump(event: MouseEvent): void {
  event.preventDefault();
  const heading = document.getElementById((event.currentTarget as HTMLElement).dataset.target ?? '');
  if (!heading) return;
  heading.scrollIntoView({ block: 'start' });
  heading.focus();
}
