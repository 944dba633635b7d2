import type { WebSocket } from 'ws';

/**
 * What one socket can make this node hold (docs/scale-out.md#what-one-visitor-can-make-a-node-hold).
 * A sync is sent in pages, and the next page waits until the socket has taken the previous one
 * below LOW_WATER; live frames go out up to HARD_LIMIT, past which the client is not reading and is
 * closed (it resumes by sync when it reconnects, so nothing is lost).
 */
export const SOCKET_BOUNDS = {
  /** Messages per sync page: at the largest message (~22 KB as a frame) about 0.7 MB. */
  syncPage: 32,
  /** A page waits until the socket has less than this unsent. */
  lowWater: 256 * 1024,
  /** Unsent bytes past which a frame is not queued: the socket is closed (1008). */
  hardLimit: 4 * 1024 * 1024,
  /** Frames received and not yet handled past which a client with lowWater or more unsent (not reading) is closed (1008). */
  pendingFrames: 64,
  /** Sockets one participant token may hold open; a newer one closes the oldest. */
  participantSockets: 4,
};

const DRAIN_POLL_MS = 20;

/** Unsent bytes: the ws sender's queue and the TCP socket's. */
export const unsent = (socket: WebSocket): number => socket.bufferedAmount;

/** Resolves once the socket has less than `lowWater` unsent, or is no longer open. */
export function drained(socket: WebSocket, lowWater = SOCKET_BOUNDS.lowWater): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (socket.readyState !== socket.OPEN || unsent(socket) < lowWater) return resolve();
      setTimeout(check, DRAIN_POLL_MS).unref();
    };
    check();
  });
}
