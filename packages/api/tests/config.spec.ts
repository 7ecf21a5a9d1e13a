import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('config', () => {
  it('has working defaults: embedded database in ./.data, port 4000, GraphiQL in development', () => {
    const config = loadConfig({ INIT_CWD: '/srv/app' });
    expect(config).toMatchObject({
      port: 4000,
      dataDir: '/srv/app/.data',
      graphiql: true,
      introspection: true,
    });
    expect(config.databaseUrl).toBeUndefined();
  });

  it('turns GraphiQL and introspection off in production unless configured on', () => {
    const secret = 'x'.repeat(40);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret })).toMatchObject({
      graphiql: false,
      introspection: false,
    });
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret, GRAPHIQL: 'true' })).toMatchObject({
      graphiql: true,
    });
  });

  it('refuses production without a token key, and a short secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /set JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL/,
    );
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: must be at least 32 characters/);
  });

  it('names the variable and the fix for every bad value', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain('PORT:');
      expect(message).toContain('DATABASE_URL: must be a PostgreSQL URL');
      expect(message).toContain('LOG_LEVEL:');
    }
  });
});
