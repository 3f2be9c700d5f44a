// English, one catalogue per feature in ./en/, each typed against its ./zh/ twin.
import { core } from './en/core';
import { board } from './en/board';
import { office } from './en/office';
import { notices } from './en/notices';
import { escalation } from './en/escalation';
import { ratings } from './en/ratings';
import { files } from './en/files';
import { device } from './en/device';
import { history } from './en/history';
import { service } from './en/service';
import { catalogue } from './catalogue';
import type { MessageKey } from './zh';

export const en: Record<MessageKey, string> = catalogue(core, board, office, notices, escalation, ratings, files, device, history, service);
