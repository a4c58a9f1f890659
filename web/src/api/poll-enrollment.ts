/** Enrollment polling lives in @facegate/client; re-exported under the web client's old module name. */
export { EnrollmentTimeoutError, abortableSleep, pollEnrollment, type PollOptions } from '@facegate/client';
