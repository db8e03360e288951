import { describe, expect, it } from 'vitest';
import { classifyAnswer, type EmergencyAnswer } from './answers.ts';

/** Labelled by hand: what a person in the middle of an overdose writes back, and what it means. */
const LABELLED: [string, EmergencyAnswer | undefined][] = [
  // breathing
  ['дышит', 'breathing'],
  ['она дышит', 'breathing'],
  ['Он ДЫШИТ!!!', 'breathing'],
  ['задышал', 'breathing'],
  ['задышала вроде', 'breathing'],
  ['дыхание появилось', 'breathing'],
  ['вроде дышит уже', 'breathing'],
  ['dyshit', 'breathing'],
  ['zadyshal', 'breathing'],
  ["she's breathing", 'breathing'],
  ['he is breathing now', 'breathing'],
  ['breathing again', 'breathing'],
  ['they started breathing', 'breathing'],
  // not breathing: never an all-clear
  ['не дышит', 'not_breathing'],
  ['он не дышит', 'not_breathing'],
  ['всё ещё не дышит', 'not_breathing'],
  ['опять перестал дышать', 'not_breathing'],
  ['ne dyshit', 'not_breathing'],
  ['not breathing', 'not_breathing'],
  ["he isn't breathing", 'not_breathing'],
  ['she stopped breathing again', 'not_breathing'],
  ['очнулся, но опять не дышит', 'not_breathing'],
  // woke up
  ['он очнулся', 'recovered'],
  ['очнулась', 'recovered'],
  ['пришла в себя', 'recovered'],
  ['пришёл в себя, сидит', 'recovered'],
  ['проснулся', 'recovered'],
  ['открыл глаза', 'recovered'],
  ['ochnulsya', 'recovered'],
  ['prishla v sebya', 'recovered'],
  ['he woke up', 'recovered'],
  ["she's awake", 'recovered'],
  ['he came to', 'recovered'],
  ['очнулся и дышит', 'recovered'],
  // help arrived
  ['скорая приехала', 'help_arrived'],
  ['врачи уже тут', 'help_arrived'],
  ['приехали медики', 'help_arrived'],
  ['скорая здесь, спасибо', 'help_arrived'],
  ['его увезли в больницу', 'help_arrived'],
  ['skoraya priehala', 'help_arrived'],
  ['vrachi tut', 'help_arrived'],
  ['ambulance is here', 'help_arrived'],
  ['the paramedics arrived', 'help_arrived'],
  ['help is here', 'help_arrived'],
  ['скорая приехала, он не дышит', 'help_arrived'],
  // no answer
  ['еле дышит', undefined],
  ['дышит, но хрипит', undefined],
  ['he is barely breathing', undefined],
  ['он дышит?', undefined],
  ['is she breathing?', undefined],
  ['не очнулся', undefined],
  ['так и не пришёл в себя', undefined],
  ["he won't wake up", undefined],
  ["he didn't wake up", undefined],
  ['скорая ещё не приехала', undefined],
  ['скорая едет', undefined],
  ['когда приедет скорая', undefined],
  ['нужен врач тут', undefined],
  ['the ambulance is not here yet', undefined],
  ['still waiting for the ambulance', undefined],
  ['что делать', undefined],
  ['он посинел', undefined],
  ['спасибо', undefined],
  ['', undefined],
];

describe('classifyAnswer', () => {
  it.each(LABELLED)('%j → %s', (text, expected) => {
    expect(classifyAnswer(text)).toBe(expected);
  });

  it('reads the flow’s own button labels as the answers they are', () => {
    expect(classifyAnswer('Дышит')).toBe('breathing');
    expect(classifyAnswer('Не дышит')).toBe('not_breathing');
    expect(classifyAnswer('Помощь приехала')).toBe('help_arrived');
    expect(classifyAnswer('Help has arrived')).toBe('help_arrived');
  });
});
