/** The agent <-> server protocol version. Every message carries it; a peer refuses one it does not speak. */
export const PROTOCOL_VERSION = 1;

/** The largest single message either side accepts (a full inventory with its software list fits easily). */
export const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

/** How many messages one HTTP upload (the polling fallback) may carry. */
export const MAX_UPLOAD_MESSAGES = 100;

/** The longest a poll may be held open before the server answers with nothing. */
export const MAX_POLL_WAIT_SECONDS = 60;

/** WebSocket close codes the gateway uses, so an agent knows whether reconnecting can help. */
export const CLOSE_CODES = {
  /** Server going away (restart, shutdown): reconnect with backoff. */
  goingAway: 1001,
  /** A protocol version the server does not speak: reconnecting will not help until the agent updates. */
  protocolError: 1002,
  /** Credential revoked or rejected: stop and re-enrol. */
  policyViolation: 1008,
  /** A message over MAX_MESSAGE_BYTES. */
  tooLarge: 1009,
  /** The same agent connected again elsewhere; this older connection is closed. */
  replaced: 4001,
} as const;
