import { runAdapterContract, samplePayload } from './contract-suite.js';
import { examplePartnerAdapter } from './support/example-partner.adapter.js';
import { startHttpReceiver } from './support/http-receiver.js';

const secret = `whsec_${Buffer.from('example-adapter-test-secret-32-bytes!!').toString('base64')}`;

runAdapterContract(() => examplePartnerAdapter, {
  validConfig: {
    url: 'http://127.0.0.1:9/hook',
    signingSecret: secret,
    webhookSecrets: [secret],
  },
  requiredField: 'url',
  inbound: {
    sampleBody: () => ({
      referralId: `ex-${Date.now()}`,
      title: '邻里噪音纠纷',
      facts: '楼上住户夜间装修噪音影响休息，多次沟通未果。',
      category: 'NEIGHBORHOOD',
      regionCode: '330106001001',
      applicant: { name: '张三', phone: '13800138000' },
      respondent: { name: '李四' },
    }),
    malformedBody: { referralId: 42 },
  },
  outbound: {
    receiver: startHttpReceiver,
    payload: (type) => samplePayload(type, { externalSystem: 'example', externalRef: 'ex-1' }),
  },
});
