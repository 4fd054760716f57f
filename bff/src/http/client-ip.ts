/**
 * One client-IP resolver for every route (socket, or X-Forwarded-For through
 * TRUSTED_PROXY_HOPS, replaceable through `deps.clientIp`); kept here for existing imports.
 */
export { clientIp } from '../middleware/client-ip.js';
