import { participantSuite } from '../../support/participant-scenarios';

// The participant's main flows in webkit; the scenarios are shared by all three engines.
participantSuite('webkit');
