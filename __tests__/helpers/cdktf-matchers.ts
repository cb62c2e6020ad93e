/** Import for its effect: registers cdktf's jest matchers (toHaveResourceWithProperties …) and their types. */
import { Testing } from 'cdktf';
import type {} from 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();
