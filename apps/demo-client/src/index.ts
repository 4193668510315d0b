export type { TourOptions } from './tour.js';
export { runTour } from './tour.js';
