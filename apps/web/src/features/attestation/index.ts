export { CampaignsPage } from './campaigns/CampaignsPage.js';
export { CampaignReportPage } from './report/CampaignReportPage.js';
export { AttestPage } from './respond/AttestPage.js';
