/** CompIDs of the session loopback measurement, shared by its initiator and its acceptor child. */
export const ACCEPTOR_COMP_ID = "KRAKEN-TRD";
export const INITIATOR_COMP_ID = "CLIENT";
