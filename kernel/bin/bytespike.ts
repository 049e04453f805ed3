#!/usr/bin/env node
import { runCli } from '../cli/run-cli';
import { gatewayProfile } from '../profiles/gateway';

process.exitCode = await runCli(gatewayProfile, process.argv.slice(2));
