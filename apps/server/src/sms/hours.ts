/**
 * Whether the line is open at a moment: the program's hours and status switch (program/status.ts).
 * A new text that arrives while closed gets the after-hours notice and still waits in the queue.
 */
export type OpenHours = (at: Date) => boolean | Promise<boolean>;

export const alwaysOpen: OpenHours = () => true;
