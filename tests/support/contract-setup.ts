import { afterEach } from 'vitest';
import { takeContractViolations } from './contract.ts';

// An answer that disagrees with the OpenAPI document fails the test that received it (contract.ts).
afterEach(() => {
  const found = takeContractViolations();
  if (found.length > 0) {
    throw new Error(`answers that disagree with the OpenAPI document:\n${[...new Set(found)].join('\n')}`);
  }
});
