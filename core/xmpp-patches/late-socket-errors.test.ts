import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { unconnectedClient } from '../../test/support/local-xmpp.ts';
import { keepLateSocketErrorsHandled } from './late-socket-errors.ts';

type Attachable = {
  _attachSocket(socket: EventEmitter): void;
  _detachSocket(): void;
};
const lateError = () => Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });

describe('keepLateSocketErrorsHandled', () => {
  it('an error after the client let go of its socket no longer throws', () => {
    const xmpp = unconnectedClient();
    keepLateSocketErrorsHandled(xmpp);
    const connection = xmpp as unknown as Attachable;
    const socket = new EventEmitter();
    const reported: unknown[] = [];
    xmpp.on('error', (error) => reported.push(error));
    connection._attachSocket(socket);
    socket.emit('error', lateError());
    expect(reported).toHaveLength(1); // while attached, the client still hears it
    connection._detachSocket();
    expect(() => socket.emit('error', lateError())).not.toThrow();
    expect(reported).toHaveLength(1);
  });

  it('(without it, the library throws: the crash it prevents)', () => {
    const connection = unconnectedClient() as unknown as Attachable;
    const socket = new EventEmitter();
    connection._attachSocket(socket);
    connection._detachSocket();
    expect(() => socket.emit('error', lateError())).toThrow('EPIPE');
  });
});
