/** CLI exit codes (the README documents them). 64 and 78 are sysexits.h's EX_USAGE and EX_CONFIG. */
export const EXIT = {
  PASS: 0,
  FAIL: 1,
  BLOCKED: 2,
  USAGE: 64,
  INTERNAL: 70,
  CONFIG: 78,
} as const;
