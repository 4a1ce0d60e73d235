import type { Response } from 'express';

/**
 * 360dialog's hub-style error body `{meta: {success, http_code, developer_message}}`. The docs
 * show no error bodies; this shape is an assumption recorded in the README.
 */
export function sendHubError(res: Response, status: number, developerMessage: string): void {
  res.status(status).json({ meta: { success: false, http_code: status, developer_message: developerMessage } });
}

/** Cloud API (Graph) error body that 360dialog's Messaging API passes through from Meta. */
export function sendGraphError(res: Response, status: number, code: number, message: string, details?: string): void {
  res.status(status).json({
    error: {
      message,
      type: 'OAuthException',
      code,
      ...(details === undefined ? {} : { error_data: { messaging_product: 'whatsapp', details } }),
      fbtrace_id: 'Sandbox',
    },
  });
}
