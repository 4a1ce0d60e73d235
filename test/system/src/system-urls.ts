import { DEFAULT_PORTS, SANDBOX_PARTNER_ID, systemEndpoints, type SystemEndpoints, type SystemPorts } from './system-env';

/** The services' ports plus the demo page's. */
export type DemoSystemPorts = SystemPorts & { demo: number };

/** Where the demo page stands in for ChatPilot's frontend (FRONTEND_BASE_URL). */
export const DEFAULT_DEMO_PORT = 3000;
export const DEFAULT_DEMO_SYSTEM_PORTS: Readonly<DemoSystemPorts> = { ...DEFAULT_PORTS, demo: DEFAULT_DEMO_PORT };

/** Every endpoint of a running system, as `npm start` prints them. */
export interface SystemUrls extends SystemEndpoints {
  demo: string;
  permissionPage: string;
  partnerApi: string;
  sandboxControl: string;
}

export function systemUrls(ports: DemoSystemPorts, host = '127.0.0.1'): SystemUrls {
  const endpoints = systemEndpoints(ports, host);
  return {
    ...endpoints,
    demo: `http://${host}:${ports.demo}`,
    permissionPage: `${endpoints.sandbox}/dashboard/app/${SANDBOX_PARTNER_ID}/permissions`,
    partnerApi: `${endpoints.sandbox}/api/v2`,
    sandboxControl: `${endpoints.sandbox}/sandbox`,
  };
}
