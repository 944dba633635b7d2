import type { Messages } from './en';

/** Français. */
export const fr: Messages = {
  languageName: 'Français',
  languageLabel: 'Langue',

  exit: 'Quitter',
  exitHint: 'Pour quitter cette page rapidement, appuyez sur Quitter ou appuyez 3 fois sur la touche Maj (Shift).',
  exitPressMore: '{remaining, plural, one {Appuyez encore # fois sur Maj pour quitter cette page.} other {Appuyez encore # fois sur Maj pour quitter cette page.}}',
  exitLeaving: 'Fermeture de la page.',

  intro1: 'Échangez ici, par écrit, avec une intervenante ou un intervenant formé. Vous n’avez pas à donner votre nom ni à créer de compte.',
  intro2: 'La conversation est chiffrée de bout en bout : seuls vous et l’équipe de l’organisme pouvez la lire.',
  intro3: 'À la fin de la conversation, elle est effacée de cette page et du serveur de l’organisme.',
  intro4: 'Vous pouvez ne pas répondre à une question et arrêter à tout moment.',
  intro5: 'Si quelqu’un risque de consulter cet appareil, il vaut peut-être mieux en utiliser un autre.',
  resumeOn: 'Si cette page se recharge, la conversation continue jusqu’à sa fin ou jusqu’à la fermeture de cet onglet.',
  startButton: 'Commencer une conversation',
  starting: 'Ouverture d’une conversation sécurisée…',

  startFailedHeading: 'La conversation n’a pas pu commencer',
  startFailed:
    '{reason, select, network {Impossible de joindre le service. Vérifiez votre connexion Internet et réessayez.} busy {Il y a eu trop d’essais depuis cette connexion. Attendez quelques minutes et réessayez.} unavailable {Le service n’est pas disponible pour le moment. Réessayez plus tard.} unsupported {Ce navigateur ne peut pas ouvrir une conversation chiffrée. Essayez un navigateur à jour.} untrusted {Cette conversation n’a pas pu démarrer en sécurité : le serveur a proposé une clé de chiffrement différente de celle de notre site. Merci d’utiliser un autre moyen de nous joindre et de nous le signaler si vous le pouvez.} other {Un problème est survenu de notre côté. Réessayez.}}',
  tryAgain: 'Réessayer',

  alternativesHeading: 'Autres façons de nous joindre',

  lineClosedHeading: 'La conversation est fermée pour le moment',
  lineOpensAt: 'La conversation rouvre le {when} (heure locale).',
  lineClosedLater: 'Réessayez plus tard.',
  lineInterruptedHeading: 'La conversation est interrompue',
  lineInterrupted: 'La conversation n’est pas disponible pour le moment. Réessayez plus tard.',
  bannerClosed: 'La ligne de conversation vient de fermer. Cette conversation reste ouverte pour l’instant : l’équipe de l’organisme vous dira ici ce qui se passe ensuite.',
  bannerInterrupted: 'Le service de conversation est interrompu. Cette conversation reste ouverte pour l’instant : l’équipe de l’organisme vous dira ici ce qui se passe ensuite.',

  connecting: 'Connexion…',
  waiting: 'En attente d’une intervenante ou d’un intervenant…',
  joined: '{named, select, yes {{name} a rejoint la conversation.} other {Une intervenante ou un intervenant a rejoint la conversation.}}',
  reconnecting: 'Reconnexion… Vos messages partiront dès le retour de la connexion.',
  staffChange:
    '{change, select, transferred {{named, select, yes {Vous parlez maintenant avec {name}.} other {Vous parlez maintenant avec une autre personne de l’équipe.}}} other {{named, select, yes {{name}, de l’équipe de supervision, a rejoint la conversation.} other {Une superviseure ou un superviseur a rejoint la conversation.}}}}',
  outOfOrder: 'Un message de cette conversation manque peut-être ou est arrivé dans le désordre. Demandez à la personne de répéter ce qui semble manquer.',
  inactivityWarning: 'Rien n’a été écrit depuis un moment. Pour garder la conversation ouverte, envoyez un message avant {time}.',

  logLabel: 'Conversation',
  you: 'Vous',
  advocate: 'Intervenant·e',
  interpreter: 'Interprète',
  interpreterNamed: '{name} (interprète)',
  interpreterAsk: 'Une personne interprète est prête à rejoindre cette conversation. Elle lirait et écrirait ici à partir de maintenant. Êtes-vous d’accord ?',
  interpreterYes: 'Oui',
  interpreterNo: 'Non',
  interpreterJoined: 'L’interprète a rejoint la conversation.',
  interpreterLeft: 'L’interprète a quitté la conversation.',
  sending: 'Envoi…',
  notSent: 'Non envoyé : {reason}',
  unreadable: 'Ce message n’a pas pu être ouvert.',
  cwRenew: 'Choisissez un nouveau mot de code : il remplace l’ancien pour cette référence. Passez si vous ne l’avez pas demandé.',
  cwChoose: 'Choisissez un mot de code facile à retenir : la prochaine fois, il permettra de vérifier que c’est bien vous.',
  cwReference: 'Votre référence : {reference}. Elle vous sera demandée la prochaine fois.',
  cwAsk: 'L’intervenant·e vous demande votre mot de code, pour vérifier que c’est bien vous.',
  cwLabel: 'Mot de code',
  cwSend: 'Envoyer le mot de code',
  cwSkip: 'Pas maintenant',
  cwSaved: 'Mot de code enregistré. Votre référence : {reference}.',

  messageLabel: 'Message',
  send: 'Envoyer',
  empty: 'Écrivez d’abord un message.',
  sendFailed: 'Ce message n’a pas pu être envoyé. Réessayez.',
  tooLong: '{max, plural, one {Ce message est trop long (plus de # caractère). Découpez-le en messages plus courts.} other {Ce message est trop long (plus de # caractères). Découpez-le en messages plus courts.}}',

  endChat: 'Terminer',
  endQuestion: 'Terminer cette conversation ? Elle sera effacée et ne pourra plus être rouverte.',
  endConfirm: 'Oui, terminer',
  endCancel: 'Continuer la conversation',

  closedHeading: 'La conversation est terminée',
  closedErased: 'La conversation a été effacée de cette page et du serveur de l’organisme. Rien n’en a été enregistré sur cet appareil.',
  historyHeading: 'Effacer l’historique de ce navigateur',
  historyWhy: 'L’historique de ce navigateur montre encore que cette page a été ouverte. Par précaution, vous pouvez l’en retirer.',
  historySteps:
    '{browser, select, chrome {Dans Chrome, ouvrez le menu (⋮), choisissez Historique, trouvez cette page et choisissez Supprimer (ou Effacer les données de navigation pour tout effacer).} edge {Dans Edge, ouvrez le menu (…), choisissez Historique, trouvez cette page et choisissez Supprimer (ou Supprimer les données de navigation pour tout effacer).} firefox {Dans Firefox, ouvrez le menu (☰ ou ⋮), choisissez Historique, trouvez cette page, puis appuyez longuement dessus (ou faites un clic droit) et choisissez Supprimer.} safari {Dans Safari, ouvrez l’historique (l’icône en forme de livre sur iPhone et iPad, le menu Historique sur Mac), trouvez cette page, puis balayez-la vers la gauche ou faites un clic droit et choisissez Supprimer.} samsung {Dans Samsung Internet, ouvrez le menu (☰), choisissez Historique, appuyez longuement sur cette page et choisissez Supprimer.} other {Ouvrez le menu de votre navigateur, choisissez Historique, trouvez cette page et supprimez-la.}}',
  historyCaution: 'Effacer tout l’historique peut se remarquer ; retirer seulement cette page est plus discret.',
  privateNext: 'La prochaine fois, une fenêtre de navigation privée laisse moins de traces sur cet appareil.',
  reloadedHeading: 'Si vous étiez en conversation, elle est terminée',
  reloaded: 'Une conversation ne peut pas reprendre après un rechargement de cette page : ainsi rien n’en reste sur cet appareil. L’équipe de l’organisme est prévenue quand la page se ferme. Vous pouvez commencer une nouvelle conversation.',
  aboutLink: 'Comment fonctionne cette discussion et ce que nous gardons',
  noticeFailed: 'Cela n’a pas fonctionné. Vérifiez votre connexion et réessayez.',
};
