/** SQL for the digits of the stored phone number; matches the expression index of the migration. */
export const PHONE_DIGITS_SQL = `regexp_replace(account.phone_number, '[^0-9]', '', 'g')`;

export function digitsOf(phoneNumber: string): string {
  return phoneNumber.replace(/[^0-9]/g, '');
}
