#!/usr/bin/env node
import { runCli } from '../cli/run-cli';
import { dosiaProfile } from '../profiles/dosia';

process.exitCode = await runCli(dosiaProfile, process.argv.slice(2));
