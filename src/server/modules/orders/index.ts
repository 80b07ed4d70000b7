export { findOrderId, recordCheckout, recordShipment, settleOrderPayment } from './write.ts';
