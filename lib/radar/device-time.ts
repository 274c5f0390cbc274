/**
 * Time left on a device: the server sent `endsAt` with its own `serverNow`, and
 * the device received it at `receivedAt` on its own clock. The device's clock
 * may be minutes off; only its elapsed time since receipt is used. On its own,
 * without zod, because the phone's silence screen needs it.
 */
export function remainingOnDevice(endsAt: number, serverNow: number, receivedAt: number, deviceNow: number): number {
  return Math.max(0, endsAt - serverNow - Math.max(0, deviceNow - receivedAt));
}
