/**
 * The title row of a long editor (provider, route): it sticks under the app
 * header so Save and Test stay in reach while the user edits the last card.
 */
export const EDITOR_HEADER =
  'sticky top-14 z-[5] -my-2 flex flex-wrap items-center gap-2 bg-background/95 py-2 backdrop-blur';
