#!/usr/bin/env -S node --max-semi-space-size=4
// The Node flag (also in package.json's start script; kernel/bin/gateway-node-flags.test.ts
// keeps them equal): a 4 MB young generation instead of V8's default 16 MB. With hundreds of
// requests in flight, each scavenge copies every live young object; at 16 MB a scavenge took
// 6-8 ms, every request in flight waiting (README, Benchmarks), at 4 MB about 2 ms.
import { runCli } from '../cli/run-cli';
import { gatewayProfile } from '../profiles/gateway';

process.exitCode = await runCli(gatewayProfile, process.argv.slice(2));
