import { afterAll, beforeAll, describe } from 'vitest';
import type { Store } from '../../src/store/index.js';
import type { StoreHarness } from './helpers.js';
import { lockContract } from './lock-contract.js';
import { repositoryContract } from './repository-contract.js';
import { tenantContract } from './tenant-contract.js';
import { reminderContract, trailContract } from './trail-contract.js';

export interface ContractContext {
  harness(): StoreHarness;
  /** The Store most tests use; opened once per suite. */
  store(): Store;
}

/** Registers the whole repository/store contract for one dialect. `setup` runs once, before the tests. */
export function describeStoreContract(label: string, setup: () => Promise<StoreHarness>): void {
  describe(`store contract: ${label}`, () => {
    let harness: StoreHarness | undefined;
    let store: Store | undefined;

    beforeAll(async () => {
      harness = await setup();
      store = await harness.open();
    });

    afterAll(async () => {
      await store?.close();
      await harness?.cleanup();
    });

    const ctx: ContractContext = {
      harness: () => {
        if (harness === undefined) throw new Error('harness not ready');
        return harness;
      },
      store: () => {
        if (store === undefined) throw new Error('store not open');
        return store;
      },
    };
    repositoryContract(ctx);
    tenantContract(ctx);
    lockContract(ctx);
    trailContract(ctx);
    reminderContract(ctx);
  });
}
