/**
 * What coexistence (the WhatsApp Business App and the Cloud API on one number) needs and what it
 * changes. Sources, as compiled in /work/shared/reference/360dialog.md §2 and §5:
 * - Meta, "Onboarding WhatsApp Business app users" (embedded-signup/onboarding-business-app-users):
 *   app version 2.24.17 or higher; the number's country code must be supported.
 * - Meta, "Throughput": numbers used with both the app and Cloud API have a fixed 20 messages/s.
 * - 360dialog, "Using a phone number already in use with WhatsApp app" (Meta's feature table):
 *   edit/revoke, groups, disappearing, view-once, live location, broadcast lists.
 * - Meta, "history" webhook reference: up to 180 days of 1:1 history.
 * Meta publishes no list of supported countries; it decides when the number is connected.
 */
export interface CoexistenceRequirements {
  whatsapp_business_app_min_version: string;
  supported_country_required: boolean;
  country_note: string;
  throughput_messages_per_second: number;
  history_sync_max_days: number;
  stops_working: readonly { code: string; message: string }[];
}

export const COEXISTENCE_REQUIREMENTS: CoexistenceRequirements = {
  whatsapp_business_app_min_version: '2.24.17',
  supported_country_required: true,
  country_note: "The number's country code must be one Meta supports for coexistence; Meta checks this while you connect the number.",
  throughput_messages_per_second: 20,
  history_sync_max_days: 180,
  stops_working: [
    { code: 'MESSAGE_EDIT_REVOKE', message: 'Editing or deleting sent messages is no longer supported.' },
    { code: 'GROUP_CHATS', message: 'Group chats are not synchronised and cannot be used through ChatPilot.' },
    { code: 'DISAPPEARING_MESSAGES', message: 'Disappearing messages are turned off.' },
    { code: 'VIEW_ONCE_MESSAGES', message: 'View-once messages are disabled.' },
    { code: 'LIVE_LOCATION', message: 'Live location sharing is disabled.' },
    { code: 'BROADCAST_LISTS', message: 'Broadcast lists become read-only; new ones cannot be created.' },
  ],
};
