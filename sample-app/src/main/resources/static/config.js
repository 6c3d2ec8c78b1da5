// Where the browser finds Action Cable: the embedded endpoint of this application.
// The "anycable" profile serves another config.js that points at anycable-go.
export const cableUrl = "/cable";
