import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { RegisterBroker, TemporaryConnectionError, type BrokerInit, type BrokerPluginManifest, type Decimal } from '@silvertine/core';
import { ReferenceBroker } from '@silvertine/core/testing';
import { DecimalField, DecimalRecordField } from '../schema/decimal.field';

/** `credentials:` of the test brokers. */
export class TestCredentials {
  @IsString()
  @IsNotEmpty()
  apiKey!: string;

  @IsString()
  @IsNotEmpty()
  apiSecret!: string;
}

/** `connection:` of the test brokers. */
export class TestConnection {
  @IsOptional()
  @IsString()
  host?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  port?: number;
}

/** The config class of the test brokers: what a plugin's configClass looks like. */
export class TestBrokerConfig {
  /** Starting cash per asset. */
  @DecimalRecordField({ sign: 'nonNegative' })
  cash!: Record<string, Decimal>;

  @IsOptional()
  @DecimalField({ sign: 'nonNegative' })
  commissionRate?: Decimal;

  @IsOptional()
  @ValidateNested()
  @Type(() => TestCredentials)
  credentials?: TestCredentials;

  @IsOptional()
  @ValidateNested()
  @Type(() => TestConnection)
  connection?: TestConnection;
}

/** Core's in-memory ReferenceBroker with a configClass, so it can be created from YAML. Type `test`. */
@RegisterBroker({ type: 'test', description: 'in-memory broker for tests', configClass: TestBrokerConfig })
export class TestBroker extends ReferenceBroker {
  constructor(init: BrokerInit<TestBrokerConfig>) {
    super(init);
  }
}

/** A broker whose venue is always down: for fallback and error-path tests. Type `unreachable`. */
@RegisterBroker({ type: 'unreachable', description: 'a broker whose venue is always down (tests)', configClass: TestBrokerConfig })
export class UnreachableBroker extends TestBroker {
  protected override async connectVenue(): Promise<void> {
    throw new TemporaryConnectionError('venue unreachable (test broker)', { brokerId: this.id });
  }
}

/** TestBroker and UnreachableBroker as a plugin manifest. */
export const testBrokersPlugin: BrokerPluginManifest = {
  name: '@silvertine/config/testing',
  brokers: [TestBroker, UnreachableBroker],
};

/** A temporary directory holding `files` (relative path → content); `cleanup()` removes it. */
export function writeConfigFixture(files: Readonly<Record<string, string>>): { readonly dir: string; file(name: string): string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'silvertine-config-'));
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(dir, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return { dir, file: (name) => path.join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Lets a test configuration name `@silvertine/config/testing` under `plugins:`. */
export const plugin = testBrokersPlugin;
