/** A series or histogram description that the promqltest notation does not allow. */
export class NotationError extends Error {}
