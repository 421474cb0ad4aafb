// The web interface (Swedish, server-rendered): sessions, sign-in, pages. See its README.md.
export { WebModule, webRoutes } from './web.module';
export { SESSION_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS, SESSION_COOKIE } from './session.service';
export { DEMO_PEOPLE } from './demo-people';
