import { ConversationEngine, interviewRegistration } from '../../src/conversation/index.js';
import { sqliteDatabase } from '../conversation/dialects.js';
import { adapterContract } from './adapter-contract.js';
import { engineDriver } from './engine-driver.js';

/** The reference run of the contract: the engine with no platform in between. */
adapterContract('engine (reference)', async () => {
  const database = sqliteDatabase();
  const store = await database.open();
  const engine = new ConversationEngine({ store, flows: [interviewRegistration] });
  return engineDriver(engine, async () => {
    await store.close();
    await database.drop();
  });
});
