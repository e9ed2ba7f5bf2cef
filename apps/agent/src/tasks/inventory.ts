import type { TaskExecutor } from './types.js';

export const runInventoryTask: TaskExecutor<'inventory'> = async (_parameters, context) => {
  context.progress('collecting inventory');
  const inventory = await context.collectInventory();
  await context.reportInventory(inventory);
  return { status: 'succeeded', result: inventory };
};
