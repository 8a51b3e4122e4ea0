/**
 * The CDK app: one apigw-doctor stack, checked by cdk-nag's AwsSolutions pack (v3 validation plugin:
 * an open finding fails the synth). Environment-agnostic (no account or Region in the template), so
 * `cdk synth` works offline without credentials and one template serves every account of a StackSet.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApigwDoctorStack } from './stacks/apigw-doctor-stack.ts';
import { deploySettings, synthesizerFor } from './settings.ts';

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
const stackName = String(app.node.tryGetContext('stackName') ?? 'apigw-doctor');
const settings = deploySettings((key) => app.node.tryGetContext(key));
const synthesizer = synthesizerFor(settings);
new ApigwDoctorStack(app, 'ApigwDoctor', {
  stackName,
  description: 'apigw-doctor: finds out why API Gateway returned a 5xx, says how to fix it, fixes it where the owner opted in',
  settings,
  ...(synthesizer === undefined ? {} : { synthesizer }),
});
app.synth();
