import type { FastifyReply } from 'fastify';
import type { Logger } from '../../../kernel/logger';
import { sendHostError } from '../../http/send-host-error';

/** The admin and key-holder APIs answer in the gateway's own error shape (see send-host-error.ts). */
export function sendAdminError(reply: FastifyReply, caught: unknown, logger: Logger): FastifyReply {
  return sendHostError(reply, caught, logger, 'admin route failed');
}
