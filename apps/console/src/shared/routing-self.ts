import { signal } from '@preact/signals';
import type { RoutingSelf } from '@lantern/protocol';

/**
 * This member's availability, shift end and the program's cap: the header's routing state
 * (conversations/availability/), whose program part admins change (admin/program/).
 */
export const routingSelf = signal<RoutingSelf | null>(null);
