/** CLI exit codes (the README documents them). 64, 70, 74 and 78 are sysexits.h's EX_USAGE, EX_SOFTWARE, EX_IOERR and EX_CONFIG. */
export const EXIT = {
  PASS: 0,
  FAIL: 1,
  BLOCKED: 2,
  USAGE: 64,
  INTERNAL: 70,
  IO: 74,
  CONFIG: 78,
} as const;
