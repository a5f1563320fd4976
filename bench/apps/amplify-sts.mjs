// Row 5 of the benchmark: an app that signs in, gets AWS credentials from the identity pool and calls
// STS GetCallerIdentity with the AWS SDK v3; the sign-in and credentials are amplify-credentials.mjs.

import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { createClient as createAuth } from './amplify-credentials.mjs';

export async function createClient(config) {
  const auth = await createAuth(config);
  const sts = new STSClient({ region: config.region, endpoint: config.awsEndpoint, credentials: auth.credentials });
  return { ...auth, callerIdentity: async () => (await sts.send(new GetCallerIdentityCommand({}))).Arn };
}
