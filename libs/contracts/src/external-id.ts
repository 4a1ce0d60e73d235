/**
 * 360dialog ids (channels, clients, WABAs) as ChatPilot stores and passes them between services:
 * short opaque strings starting with a letter or digit. Every service that accepts such an id from
 * outside refuses what this refuses, so a later step never meets one it cannot use.
 */
export const EXTERNAL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
