// Simplified Chinese: the source language, one catalogue per feature in ./zh/. Every key here
// must exist in English too: each ./en/ catalogue is typed against its ./zh/ twin.
import { catalogue } from './catalogue';
import { core } from './zh/core';
import { board } from './zh/board';
import { office } from './zh/office';
import { notices } from './zh/notices';
import { escalation } from './zh/escalation';
import { ratings } from './zh/ratings';
import { files } from './zh/files';
import { device } from './zh/device';
import { history } from './zh/history';
import { service } from './zh/service';

export const zh = catalogue(core, board, office, notices, escalation, ratings, files, device, history, service);

export type MessageKey = keyof typeof zh;
