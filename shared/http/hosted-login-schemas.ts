/**
 * The JSON of the hosted OIDC login (`/t/{tenantId}/interaction/{uid}/…`, shared/oidc/interaction-routes.ts), the
 * endpoints the login page (web/oidc/) calls with the provider's interaction cookie and no API key. The routes
 * answer through these schemas and hosted-login-operations.ts documents them from the same ones.
 */
import { z } from 'zod';
import { verifyResult } from './response-schemas.js';

const redirectTo = z.string().meta({
  format: 'uri',
  description: 'Where the browser goes next: the provider, which sends it back to the relying party.',
});

/** `GET …/details`: what the page shows for this interaction. */
export const interactionDetails = z
  .object({
    prompt: z.string().meta({
      description:
        '`login`: check the face (`…/verify`); `consent`: a third-party client asks to know who the person is ' +
        '(`…/consent` or `…/abort`). Any other value is a step the page does not offer.',
    }),
    clientName: z.string().meta({ description: "The relying party's name (its client id when it has none)." }),
    loginHint: z.string().optional().meta({ description: "The relying party's `login_hint`: a username to prefill." }),
    requirePossession: z.boolean().meta({ description: "The tenant's possession setting (device key or passkey)." }),
    activeChallenge: z.boolean().meta({ description: "The tenant's head-turn challenge setting." }),
  })
  .meta({ id: 'InteractionDetails' });

/** `POST …/verify`: a granted face check finishes the login; a denial says only what a client key would see. */
export const interactionVerifyResult = z
  .discriminatedUnion('decision', [
    z.object({ decision: z.literal('granted'), redirectTo }),
    z.object({ decision: z.literal('denied'), reason: verifyResult.shape.reason }),
  ])
  .meta({ id: 'InteractionVerifyResult' });

/** `POST …/consent` and `POST …/abort`. */
export const interactionRedirect = z.object({ redirectTo }).meta({ id: 'InteractionRedirect' });
