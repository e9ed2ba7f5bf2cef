export { registerPurchasingRoutes } from './purchasing.routes.js';
export { getPurchaseOrder, listPurchaseOrders, type PurchasingDeps } from './purchasing.service.js';
export { intakePurchaseOrder } from './intake.service.js';
export { receiveAgainstOrder, receiveAtDock } from './receiving.service.js';
export {
  createPurchaseOrderSchema,
  purchaseOrderSchema,
  type CreatePurchaseOrderInput,
  type PurchaseOrderView,
  type ReceiveResult,
} from './purchasing.schemas.js';
