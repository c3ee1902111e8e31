// This file has a lint error that already exists on the base branch: the gate must report it
// as pre-existing, not count it against the agent.
const legacyLocale = 'en-GB';

export function formatMoney(amount: number): string {
  return `$${amount.toFixed(2)}`;
}
