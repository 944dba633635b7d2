import { participantSuite } from '../../support/participant-scenarios';

// The participant's main flows in firefox; the scenarios are shared by all three engines.
participantSuite('firefox');
