/** Source → channel rules as data tables (GA4's default channel group); touch models arrive with the account metrics. */
export { campaignOf, type Campaign } from './campaign.js';
export { CLICK_IDS } from './click-ids.js';
export { channelOf, CHANNELS, type Channel, type Touch, type TouchInput } from './channel.js';
export { touchCredit, TOUCH_MODELS, type TouchModel, type TouchPoint } from './touch.js';
