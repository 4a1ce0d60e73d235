/** Same rule as X-Tenant-Id on HTTP: 1-128 letters, digits, ".", "_", ":" or "-". */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The most channels one LinkChannels or MarkRevoked call may name. */
export const MAX_CHANNELS_PER_CALL = 100;
