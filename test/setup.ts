// Registered once for every test file (vitest setupFiles): the aws-sdk-client-mock matchers
// (`toHaveReceivedCommandWith`, ...), so no test has to remember the import.
import 'aws-sdk-client-mock-vitest/extend';
