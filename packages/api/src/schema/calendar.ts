import {
  CalendarDayKind,
  type CalendarDayView,
  listCalendarDays,
  removeCalendarDay,
  setCalendarDays,
} from '@mediation/core';
import { builder } from './builder.js';
import { mutationErrors } from './errors.js';

export const CalendarDayKindEnum = builder.enumType(CalendarDayKind, {
  name: 'CalendarDayKind',
  description: '日历日类型',
  // Pothos' option type for object enums is narrower than the values map it accepts.
  values: {
    HOLIDAY: { description: '放假 (法定节假日): a day off, whatever its weekday' },
    WORKDAY: { description: '上班 (调休上班): a working day, whatever its weekday' },
  },
} as never);

export const CalendarDayRef = builder.objectRef<CalendarDayView>('CalendarDay').implement({
  description:
    '节假日安排: a day that departs from the weekday rule (Monday–Friday worked, weekends off). ' +
    'Deadlines counted in working days follow it.',
  fields: (t) => ({
    date: t.exposeString('date', { description: 'The date in China, YYYY-MM-DD.' }),
    kind: t.expose('kind', { type: CalendarDayKindEnum }),
    name: t.exposeString('name', { description: 'e.g. 国庆节, 春节调休上班' }),
    builtIn: t.exposeBoolean('builtIn', {
      description:
        "Part of the platform's built-in schedule (国务院办公厅 notice); an operator may have changed it.",
    }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const CalendarDayInput = builder.inputType('CalendarDayInput', {
  fields: (t) => ({
    date: t.string({ required: true, description: 'YYYY-MM-DD, e.g. 2027-10-01.' }),
    kind: t.field({ type: CalendarDayKindEnum, required: true }),
    name: t.string({ required: true, description: 'e.g. 国庆节, 国庆节调休上班 (at most 50 characters).' }),
  }),
});

builder.queryFields((t) => ({
  calendarDays: t.field({
    type: [CalendarDayRef],
    description: '节假日安排: the holidays and make-up working days of a year, in date order.',
    args: { year: t.arg.int({ required: true }) },
    resolve: (_root, { year }, ctx) => listCalendarDays(ctx.db.prisma, year),
  }),
}));

builder.mutationFields((t) => ({
  setCalendarDays: t.field({
    type: [CalendarDayRef],
    description:
      "添加或修改节假日安排: adds or changes days (e.g. a new year's 国务院办公厅 schedule), all or nothing. " +
      'Changed days are kept across restarts. Deadlines already set are not recomputed.',
    args: { input: t.arg({ type: [CalendarDayInput], required: true }) },
    errors: { types: mutationErrors, dataField: { name: 'days' } },
    resolve: (_root, { input }, ctx) => setCalendarDays(ctx.db.prisma, ctx.principal, input),
  }),
  removeCalendarDay: t.field({
    type: CalendarDayRef,
    description:
      'Removes a day added by an operator, so the date follows the weekday rule again. Days of the ' +
      'built-in schedule are changed with setCalendarDays instead.',
    args: { date: t.arg.string({ required: true, description: 'YYYY-MM-DD' }) },
    errors: { types: mutationErrors, dataField: { name: 'day' } },
    resolve: (_root, { date }, ctx) => removeCalendarDay(ctx.db.prisma, ctx.principal, date),
  }),
}));
