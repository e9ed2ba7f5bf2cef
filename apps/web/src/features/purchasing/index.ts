export { OrdersPage } from './orders/OrdersPage.js';
export { OrderPage } from './orders/OrderPage.js';
export { ReceivingPage } from './receiving/ReceivingPage.js';
