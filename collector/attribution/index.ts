/** Source → channel rules as data tables and touch models (the channel rules arrive with the attribution issue). */
export { campaignOf, type Campaign } from './campaign.js';
export { CLICK_IDS } from './click-ids.js';
