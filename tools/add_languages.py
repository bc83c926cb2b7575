# ruff: noqa: E501  (the translation table holds whole sentences, one per line)
"""Add French and Portuguese to the texts of the embedded program, structurally.

Run from the repository root:

    python tools/add_languages.py src/oas_program/data/program.json > /tmp/program.json
    oas-program convert /tmp/program.json src/oas_program/data/program.json --to json

The script loads the JSON, adds the `fr` and `pt` keys of the texts listed below (keyed by
JSON Pointer), and adds a note to every entity whose official name or title is left without
a language because its official form is not known to us. It never changes a text's
`status`, and it never overwrites a language a text already has.

Summaries (status `summary`) are our own words, translated here. Official names (status
`official`) are given only where the OAS's own form in that language is known with
confidence; elsewhere the language stays absent and a note says so.
"""

from __future__ import annotations

import json
import sys

AG_2141_FR = "Rappelée dans le préambule de l'AG/RES. 2141 (XXXV-O/05) parmi les mandats sur lesquels repose le programme."
AG_2141_PT = "Recordada no preâmbulo da AG/RES. 2141 (XXXV-O/05) entre os mandatos em que se baseia o programa."
AG_2141_FR_PL = "Rappelés dans le préambule de l'AG/RES. 2141 (XXXV-O/05) parmi les mandats sur lesquels repose le programme."
AG_2141_PT_PL = "Recordados no preâmbulo da AG/RES. 2141 (XXXV-O/05) entre os mandatos em que se baseia o programa."
CEAM_SERIES_FR = "Fait partie de la série de résolutions sur les travaux de la CEAM, un axe de travail lié au programme."
CEAM_SERIES_PT = "Faz parte da série de resoluções sobre os trabalhos da CEAM, uma linha de trabalho relacionada com o programa."
PRESENTER_FR = "A participé en qualité d'intervenante à la deuxième réunion spéciale de la CAJP sur le programme (2007)."
PRESENTER_PT = (
    "Participou como expositora na segunda reunião especial da CAJP sobre o programa (2007)."
)

# pointer -> (fr, pt); None leaves that language absent.
TRANSLATIONS: dict[str, tuple[str | None, str | None]] = {
    "/summary": (
        "Programme de l'OEA, adopté par l'Assemblée générale en 2005, visant à promouvoir et à protéger les droits humains des migrants, y compris les travailleurs migrants et leurs familles. Il adresse ses activités à quatre groupes : les organes, organismes et entités de l'OEA ; les États membres ; les organisations multilatérales et régionales ; et les organisations de la société civile.",
        "Programa da OEA, aprovado pela Assembleia Geral em 2005, para promover e proteger os direitos humanos dos migrantes, incluídos os trabalhadores migrantes e suas famílias. Dirige suas atividades a quatro grupos: os órgãos, organismos e entidades da OEA; os Estados membros; as organizações multilaterais e regionais; e as organizações da sociedade civil.",
    ),
    "/objectives/0/summary": (
        "Promouvoir et protéger les droits humains des migrants en définissant et en menant des actions de coopération et en échangeant des bonnes pratiques.",
        "Promover e proteger os direitos humanos dos migrantes mediante a identificação e a execução de ações de cooperação e o intercâmbio de boas práticas.",
    ),
    "/objectives/1/summary": (
        "Intégrer l'attention aux droits humains des migrants dans les travaux des organes, organismes et entités de l'OEA.",
        "Incorporar a atenção aos direitos humanos dos migrantes no trabalho dos órgãos, organismos e entidades da OEA.",
    ),
    "/objectives/2/summary": (
        "Relier les travaux de l'OEA à ce que font dans ce domaine les États membres, les organisations multilatérales et la société civile.",
        "Vincular o trabalho da OEA ao que fazem nesse campo os Estados membros, as organizações multilaterais e a sociedade civil.",
    ),
    "/objectives/3/summary": (
        "Favoriser l'échange de bonnes pratiques et la coopération entre pays d'origine, de transit et de destination afin que les droits humains de tous les migrants, y compris les travailleurs migrants et leurs familles, soient pleinement respectés et protégés.",
        "Fomentar o intercâmbio de boas práticas e a cooperação entre os países de origem, trânsito e destino para que os direitos humanos de todos os migrantes, incluídos os trabalhadores migrantes e suas famílias, sejam plenamente respeitados e protegidos.",
    ),
    "/objectives/4/summary": (
        "Un échange plus efficace d'informations sur les législations et les politiques migratoires.",
        "Um intercâmbio mais eficaz de informações sobre legislação e políticas migratórias.",
    ),
    "/objectives/5/summary": (
        "Une attention aux besoins particuliers des groupes vulnérables de migrants, tels que les enfants, les femmes et les peuples autochtones.",
        "Atenção às necessidades especiais dos grupos vulneráveis de migrantes, como as crianças, as mulheres e os povos indígenas.",
    ),
    "/activities/0/summary": (
        "Promouvoir le système interaméricain des droits de l'homme en mettant l'accent sur les migrants et leurs familles, y compris le site Web de la Commission.",
        "Promover o sistema interamericano de direitos humanos com ênfase nos migrantes e suas famílias, incluído o site da Comissão.",
    ),
    "/activities/1/summary": (
        "Partager des informations et fournir une assistance technique en matière de droits humains et de droit des migrations aux organes de l'État, aux fonctionnaires, aux entités de l'OEA, aux organismes multilatéraux et à la société civile.",
        "Compartilhar informações e prestar assistência técnica em direitos humanos e direito migratório a órgãos do Estado, funcionários, entidades da OEA, organismos multilaterais e à sociedade civil.",
    ),
    "/activities/2/summary": (
        "Former les organisations qui fournissent une aide juridique gratuite aux migrants au respect des garanties procédurales dans les procédures migratoires et au recours au système interaméricain.",
        "Capacitar as organizações que prestam assistência jurídica gratuita aos migrantes sobre o devido processo nos procedimentos migratórios e sobre o uso do sistema interamericano.",
    ),
    "/activities/3/summary": (
        "Former les fonctionnaires des pays d'origine, de transit et de destination à la protection consulaire des migrants au titre de la Convention de Vienne sur les relations consulaires.",
        "Capacitar funcionários dos países de origem, trânsito e destino sobre a proteção consular dos migrantes nos termos da Convenção de Viena sobre Relações Consulares.",
    ),
    "/activities/4/summary": (
        "Étudier la migration des femmes et ses effets sur la structure familiale, les marchés du travail et le contrôle migratoire.",
        "Pesquisar a migração das mulheres e seus efeitos na estrutura familiar, nos mercados de trabalho e no controle migratório.",
    ),
    "/activities/5/summary": (
        "Élaborer des politiques et des programmes qui protègent les femmes migrantes et leurs familles, surtout les femmes chefs de famille, et combattre la violence à l'égard des femmes.",
        "Elaborar políticas e programas que protejam as mulheres migrantes e suas famílias, sobretudo as mulheres chefes de família, e combater a violência contra as mulheres.",
    ),
    "/activities/6/summary": (
        "Promouvoir la mise en œuvre des résolutions de la CIM et de l'Assemblée générale sur la traite des personnes.",
        "Promover o cumprimento das resoluções da CIM e da Assembleia Geral sobre o tráfico de pessoas.",
    ),
    "/activities/7/summary": (
        "Recommander aux États de ratifier la Convention des Nations Unies contre la criminalité transnationale organisée et ses protocoles, ainsi que le Protocole facultatif à la Convention relative aux droits de l'enfant concernant la vente d'enfants.",
        "Recomendar aos Estados que ratifiquem a Convenção das Nações Unidas contra o Crime Organizado Transnacional e seus protocolos, bem como o Protocolo Facultativo à Convenção sobre os Direitos da Criança referente à venda de crianças.",
    ),
    "/activities/8/summary": (
        "Promouvoir le retour en sécurité et la réinsertion des victimes de la traite, ainsi que des procédures de protection spéciale pour les enfants victimes.",
        "Promover o retorno seguro e a reintegração das vítimas de tráfico, bem como procedimentos de proteção especial para as crianças vítimas.",
    ),
    "/activities/9/summary": (
        "Intégrer à ses travaux la situation des enfants et adolescents migrants non accompagnés.",
        "Incorporar ao seu trabalho a situação das crianças e adolescentes migrantes desacompanhados.",
    ),
    "/activities/10/summary": (
        "Intégrer à ses travaux la protection des enfants et adolescents victimes de la traite.",
        "Incorporar ao seu trabalho a proteção das crianças e adolescentes vítimas de tráfico.",
    ),
    "/activities/11/summary": (
        "Élargir les études de droit comparé sur la participation politique des migrants dans leurs pays d'origine et de résidence.",
        "Ampliar os estudos de direito comparado sobre a participação política dos migrantes em seus países de origem e de residência.",
    ),
    "/activities/12/summary": (
        "Produire et diffuser, à l'intention des gouvernements, des groupes de migrants et des organismes électoraux, des informations sur les aspects juridiques, politiques et pratiques de la participation politique des migrants dans leur pays d'origine.",
        "Produzir e difundir informações sobre os aspectos jurídicos, políticos e práticos da participação política dos migrantes em seu país de origem, dirigidas a governos, grupos de migrantes e organismos eleitorais.",
    ),
    "/activities/13/summary": (
        "Aider les autorités électorales et les registres d'état civil à se moderniser, à mettre à jour les listes électorales et à délivrer les documents dont les migrants ont besoin pour voter dans leur pays d'origine.",
        "Ajudar as autoridades eleitorais e os registros civis a se modernizarem, atualizarem os cadastros eleitorais e emitirem os documentos de que os migrantes precisam para votar em seus países de origem.",
    ),
    "/activities/14/summary": (
        "Conseiller, sur demande, les organes législatifs et les commissions parlementaires des migrations, y compris les États qui souhaitent harmoniser leur législation migratoire.",
        "Assessorar, mediante solicitação, os órgãos legislativos e as comissões parlamentares de migração, incluídos os Estados que desejem harmonizar sua legislação migratória.",
    ),
    "/activities/15/summary": (
        "Former les migrants à la participation aux processus démocratiques.",
        "Capacitar os migrantes para participar dos processos democráticos.",
    ),
    "/activities/16/summary": (
        "Promouvoir une culture démocratique de tolérance et de solidarité au moyen d'une éducation formelle et non formelle adaptée à chaque pays.",
        "Promover uma cultura democrática de tolerância e solidariedade por meio de uma educação formal e não formal adaptada a cada país.",
    ),
    "/activities/17/summary": (
        "Faciliter le dialogue multipartite et multisectoriel (le reste de ce point n'a pas été trouvé).",
        "Facilitar o diálogo multipartidário e multissetorial (o restante deste item não foi encontrado).",
    ),
    "/activities/18/summary": (
        "Recueillir les lois, politiques et conditions migratoires nationales en vigueur et les publier sur son site Web.",
        "Compilar as leis, políticas e requisitos migratórios nacionais vigentes e publicá-los em seu site.",
    ),
    "/activities/19/summary": (
        "Promouvoir la coopération entre les établissements d'enseignement de différents États afin que les enfants migrants puissent être scolarisés, ainsi que les échanges et la formation d'enseignants en éducation bilingue et interculturelle.",
        "Promover a cooperação entre instituições de ensino de diferentes Estados para que as crianças migrantes possam ingressar na escola, bem como o intercâmbio e a capacitação de docentes em educação bilíngue e intercultural.",
    ),
    "/activities/20/summary": (
        "Promouvoir des normes curriculaires qui modernisent l'enseignement et incluent des compétences pour le travail.",
        "Promover normas curriculares que modernizem o ensino e incluam competências para o trabalho.",
    ),
    "/activities/21/summary": (
        "Intégrer l'éducation aux droits humains des migrants et de leurs familles au Programme interaméricain d'éducation aux valeurs et pratiques démocratiques (un observatoire en ligne, des forums de discussion, des informations sur les programmes publics d'éducation destinés aux migrants dans les pays d'origine, de transit et de destination).",
        "Incorporar a educação em direitos humanos para os migrantes e suas famílias ao Programa Interamericano sobre Educação em Valores e Práticas Democráticas (um observatório on-line, fóruns de discussão e informações sobre os programas públicos de educação para migrantes nos países de origem, trânsito e destino).",
    ),
    "/activities/22/summary": (
        "Envisager un séminaire hémisphérique périodique qui forme les fonctionnaires à la politique migratoire et aux droits humains ainsi qu'à la détection des faux documents, avec des spécialistes, des organisations internationales et la société civile.",
        "Considerar um seminário hemisférico periódico que capacite funcionários públicos em política migratória e direitos humanos e na detecção de documentos falsificados, com especialistas, organismos internacionais e a sociedade civil.",
    ),
    "/activities/23/summary": (
        "Créer le Réseau interaméricain d'administration du travail (RIAL) afin de partager les connaissances utiles à la modernisation de l'administration du travail.",
        "Criar a Rede Interamericana para a Administração Trabalhista (RIAL) para compartilhar conhecimentos sobre a modernização da administração do trabalho.",
    ),
    "/activities/24/summary": (
        "Organiser des ateliers sur les droits des travailleurs migrants en matière de travail dans le cadre du RIAL.",
        "Realizar oficinas sobre os direitos trabalhistas dos trabalhadores migrantes no âmbito da RIAL.",
    ),
    "/activities/25/summary": (
        "Relier le programme aux ministères du travail réunis au sein de la Conférence interaméricaine des ministres du travail (CIMT), dont le DSDE assure le secrétariat technique.",
        "Vincular o programa aos ministérios do trabalho reunidos na Conferência Interamericana de Ministros do Trabalho (CIMT), cuja secretaria técnica é o DSDE.",
    ),
    "/activities/26/summary": (
        "Signer ou ratifier les instruments universels et interaméricains relatifs aux droits humains et aux droits des migrants, ou y adhérer.",
        "Assinar ou ratificar os instrumentos universais e interamericanos sobre direitos humanos e sobre os direitos dos migrantes, ou aderir a eles.",
    ),
    "/activities/27/summary": (
        "Examiner la législation nationale pour vérifier sa compatibilité avec l'obligation de respecter les droits humains des migrants.",
        "Revisar a legislação nacional para verificar sua compatibilidade com o dever de respeitar os direitos humanos dos migrantes.",
    ),
    "/activities/28/summary": (
        "Former les fonctionnaires qui travaillent dans le domaine migratoire à son cadre juridique et aux droits humains des migrants.",
        "Capacitar os funcionários que trabalham na área migratória em seu marco jurídico e nos direitos humanos dos migrantes.",
    ),
    # Actors: official names where the OAS form is known; roles are our summaries.
    "/actors/0/name": ("Assemblée générale", "Assembleia Geral"),
    "/actors/0/acronym": ("AG", "AG"),
    "/actors/0/role": (
        "Adopte le programme et ses résolutions de suivi.",
        "Aprova o programa e suas resoluções de seguimento.",
    ),
    "/actors/1/name": ("Conseil permanent", "Conselho Permanente"),
    "/actors/1/acronym": ("CP", "CP"),
    "/actors/1/role": (
        "Organe dont relèvent la CAJP et la CEAM ; a créé la CEAM le 24 octobre 2007.",
        "Órgão ao qual estão subordinadas a CAJP e a CEAM; criou a CEAM em 24 de outubro de 2007.",
    ),
    "/actors/2/name": (
        "Commission des questions juridiques et politiques",
        "Comissão de Assuntos Jurídicos e Políticos",
    ),
    "/actors/2/acronym": ("CAJP", "CAJP"),
    "/actors/2/role": (
        "Son groupe de travail (créé le 15 janvier 2004) a rédigé le programme ; elle tient des réunions spéciales annuelles sur le programme.",
        "Seu grupo de trabalho (criado em 15 de janeiro de 2004) redigiu o programa; realiza reuniões especiais anuais sobre o programa.",
    ),
    "/actors/3/name": ("Secrétariat général", "Secretaria-Geral"),
    "/actors/3/acronym": ("SG", "SG"),
    "/actors/3/role": (
        "Le Secrétaire général élabore et met à jour le Plan de travail du programme.",
        "O Secretário-Geral elabora e atualiza o Plano de Trabalho do programa.",
    ),
    "/actors/4/name": (
        "Commission interaméricaine des droits de l'homme",
        "Comissão Interamericana de Direitos Humanos",
    ),
    "/actors/4/acronym": ("CIDH", "CIDH"),
    "/actors/4/role": (
        "Est chargée de quatre activités, conjointement avec son Rapporteur spécial ; a rédigé la proposition de programme de 2003.",
        "Está encarregada de quatro atividades, juntamente com sua Relatoria Especial; redigiu a proposta de programa de 2003.",
    ),
    "/actors/5/role": (
        "Partage la responsabilité des activités de la CIDH dans le programme ; a présenté le projet de la CIDH à la réunion spéciale du groupe de travail de 2004.",
        "Compartilha a responsabilidade pelas atividades da CIDH no programa; apresentou o projeto da CIDH na reunião especial do grupo de trabalho de 2004.",
    ),
    "/actors/6/name": (
        "Commission interaméricaine des femmes",
        "Comissão Interamericana de Mulheres",
    ),
    "/actors/6/acronym": ("CIM", "CIM"),
    "/actors/6/role": ("Est chargée de cinq activités.", "Está encarregada de cinco atividades."),
    "/actors/7/acronym": ("IIN", "IIN"),
    "/actors/7/role": ("Est chargé de deux activités.", "Está encarregado de duas atividades."),
    "/actors/8/role": ("Est chargé de sept activités.", "Está encarregada de sete atividades."),
    "/actors/9/role": (
        "Créé par l'AG/RES. 1 (XXXV-E/08) le 26 mars 2008 ; le DIL en relève depuis lors.",
        "Criada pela AG/RES. 1 (XXXV-E/08) em 26 de março de 2008; desde então, o DIL está subordinado a ela.",
    ),
    "/actors/10/role": (
        "Est chargé d'une activité (l'activité n° 29 du programme) ; héberge les pages Web du programme et aide la CAJP à organiser sa réunion annuelle sur le programme.",
        "Está encarregado de uma atividade (a atividade n.º 29 do programa); hospeda as páginas web do programa e ajuda a CAJP a organizar sua reunião anual sobre o programa.",
    ),
    "/actors/11/acronym": ("SEDI", "SEDI"),
    "/actors/11/role": (
        "Organe dont relèvent le DSDE et le DECST ; son Programme de migration et développement (MiDE), créé en 2008, a rendu compte du programme à partir de 2011.",
        "Órgão ao qual estão subordinados o DSDE e o DECST; seu Programa de Migração e Desenvolvimento (MiDE), criado em 2008, informou sobre o programa a partir de 2011.",
    ),
    "/actors/12/role": (
        "Traitée avec le SEDI dans la section D du Plan de travail du Secrétaire général ; citée parmi les acteurs du programme en 2011. Pourrait être chargée de certaines des dix activités du Secrétariat général dont les textes n'ont pas été trouvés (non confirmé).",
        "Tratada junto com a SEDI na seção D do Plano de Trabalho do Secretário-Geral; citada entre os atores do programa em 2011. Poderia estar encarregada de algumas das dez atividades da Secretaria-Geral cujos textos não foram encontrados (não confirmado).",
    ),
    "/actors/13/role": (
        "A fait une présentation à la réunion spéciale du groupe de travail de 2004, a adressé un rapport écrit à la réunion spéciale de 2006 et un formulaire de diagnostic à l'examen de la CAM en 2014. Pourrait être chargé de certaines des dix activités du Secrétariat général dont les textes n'ont pas été trouvés (non confirmé).",
        "Fez uma apresentação na reunião especial do grupo de trabalho de 2004, enviou um relatório escrito à reunião especial de 2006 e um formulário de diagnóstico à revisão da CAM em 2014. Poderia estar encarregada de algumas das dez atividades da Secretaria-Geral cujos textos não foram encontrados (não confirmado).",
    ),
    "/actors/14/role": (
        "Est chargé de trois activités, ajoutées le 16 mars 2006 par la première réunion spéciale annuelle de la CAJP sur le programme.",
        "Está encarregado de três atividades, acrescentadas em 16 de março de 2006 pela primeira reunião especial anual da CAJP sobre o programa.",
    ),
    "/actors/15/role": (
        "Est chargé de quatre activités. Devenu plus tard le Bureau, ou Département, de l'éducation et de la culture, qui a mené le projet sur l'éducation des enfants et des jeunes migrants (2009-2011).",
        "Está encarregado de quatro atividades. Mais tarde, o Escritório, ou Departamento, de Educação e Cultura, que executou o projeto sobre a educação de crianças e jovens migrantes (2009-2011).",
    ),
    "/actors/16/role": (
        "Programme de migration et développement du SEDI, créé en 2008 au sein du DSDE ; a rendu compte du programme à la CAJP en 2011 et en 2012.",
        "Programa de Migração e Desenvolvimento da SEDI, criado em 2008 no DSDE; informou sobre o programa à CAJP em 2011 e 2012.",
    ),
    "/actors/17/name": (
        "Conseil interaméricain pour le développement intégré",
        "Conselho Interamericano de Desenvolvimento Integral",
    ),
    "/actors/17/acronym": ("CIDI", "CIDI"),
    "/actors/17/role": ("Organe dont relève la CAM.", "Órgão ao qual está subordinada a CAM."),
    "/actors/18/role": (
        "Créée par le Conseil permanent le 24 octobre 2007 en vertu de l'AG/RES. 2326 (XXXVII-O/07) ; a tenu des réunions conjointes avec la CAJP sur le programme.",
        "Criada pelo Conselho Permanente em 24 de outubro de 2007 em virtude da AG/RES. 2326 (XXXVII-O/07); realizou reuniões conjuntas com a CAJP sobre o programa.",
    ),
    "/actors/19/role": (
        "Créée par l'AG/RES. 2738 (XLII-O/12), qui lui a confié l'examen, la mise en œuvre et le suivi du programme.",
        "Criada pela AG/RES. 2738 (XLII-O/12), que lhe confiou a revisão, a implementação e o seguimento do programa.",
    ),
    "/actors/20/name": (
        "Organisation panaméricaine de la santé",
        "Organização Pan-Americana da Saúde",
    ),
    "/actors/20/acronym": ("OPS", "OPAS"),
    "/actors/20/role": (
        "A présenté un rapport à la réunion spéciale de 2006 de la CAJP sur le programme ; aucune activité propre n'est confirmée.",
        "Apresentou um relatório na reunião especial de 2006 da CAJP sobre o programa; nenhuma atividade própria foi confirmada.",
    ),
    "/actors/21/name": (
        "Organisation internationale pour les migrations",
        "Organização Internacional para as Migrações",
    ),
    "/actors/21/acronym": ("OIM", "OIM"),
    "/actors/21/role": (PRESENTER_FR, PRESENTER_PT),
    "/actors/22/name": (
        "Organisation internationale du Travail",
        "Organização Internacional do Trabalho",
    ),
    "/actors/22/acronym": ("OIT", "OIT"),
    "/actors/22/role": (PRESENTER_FR, PRESENTER_PT),
    "/actors/23/name": (
        "Haut-Commissariat des Nations Unies pour les réfugiés",
        "Alto Comissariado das Nações Unidas para Refugiados",
    ),
    "/actors/23/acronym": ("HCR", "ACNUR"),
    "/actors/23/role": (
        "A participé en qualité d'intervenant à la deuxième réunion spéciale de la CAJP sur le programme (2007).",
        "Participou como expositor na segunda reunião especial da CAJP sobre o programa (2007).",
    ),
    "/actors/24/name": ("Organisations de la société civile", "Organizações da sociedade civil"),
    "/actors/24/acronym": ("OSC", "OSC"),
    "/actors/24/role": (
        "L'un des quatre groupes destinataires du programme.",
        "Um dos quatro grupos destinatários do programa.",
    ),
    # Member states, as the OAS names them in French and Portuguese.
    "/actors/25/name": ("Antigua-et-Barbuda", "Antígua e Barbuda"),
    "/actors/26/name": ("Argentine", "Argentina"),
    "/actors/27/name": ("Bahamas", "Bahamas"),
    "/actors/28/name": ("Barbade", "Barbados"),
    "/actors/29/name": ("Belize", "Belize"),
    "/actors/30/name": ("Bolivie", "Bolívia"),
    "/actors/31/name": ("Brésil", "Brasil"),
    "/actors/32/name": ("Canada", "Canadá"),
    "/actors/33/name": ("Chili", "Chile"),
    "/actors/34/name": ("Colombie", "Colômbia"),
    "/actors/35/name": ("Costa Rica", "Costa Rica"),
    "/actors/36/name": ("Cuba", "Cuba"),
    "/actors/37/name": ("Dominique", "Dominica"),
    "/actors/38/name": ("République dominicaine", "República Dominicana"),
    "/actors/39/name": ("Équateur", "Equador"),
    "/actors/40/name": ("El Salvador", "El Salvador"),
    "/actors/41/name": ("Grenade", "Granada"),
    "/actors/42/name": ("Guatemala", "Guatemala"),
    "/actors/43/name": ("Guyana", "Guiana"),
    "/actors/44/name": ("Haïti", "Haiti"),
    "/actors/45/name": ("Honduras", "Honduras"),
    "/actors/46/name": ("Jamaïque", "Jamaica"),
    "/actors/47/name": ("Mexique", "México"),
    "/actors/48/name": ("Nicaragua", "Nicarágua"),
    "/actors/49/name": ("Panama", "Panamá"),
    "/actors/50/name": ("Paraguay", "Paraguai"),
    "/actors/51/name": ("Pérou", "Peru"),
    "/actors/52/name": ("Saint-Kitts-et-Nevis", None),
    "/actors/53/name": ("Sainte-Lucie", "Santa Lúcia"),
    "/actors/54/name": ("Saint-Vincent-et-les-Grenadines", "São Vicente e Granadinas"),
    "/actors/55/name": ("Suriname", "Suriname"),
    "/actors/56/name": ("Trinité-et-Tobago", "Trinidad e Tobago"),
    "/actors/57/name": ("États-Unis", "Estados Unidos"),
    "/actors/58/name": ("Uruguay", "Uruguai"),
    "/actors/59/name": ("Venezuela", "Venezuela"),
    # Resolutions: the titles are official and their fr/pt forms are not known to us.
    "/resolutions/1/summary": (
        "Première résolution de la série de l'Assemblée générale sur les droits humains de tous les travailleurs migrants et de leurs familles.",
        "Primeira resolução da série da Assembleia Geral sobre os direitos humanos de todos os trabalhadores migrantes e suas famílias.",
    ),
    "/resolutions/7/summary": (
        "Son paragraphe 5.a du dispositif a conduit à la création, le 15 janvier 2004, du groupe de travail de la CAJP qui a rédigé le programme ; elle prend note du projet de la CIDH CP/CAJP-2038/03.",
        "Seu parágrafo dispositivo 5.a deu origem à criação, em 15 de janeiro de 2004, do grupo de trabalho da CAJP que redigiu o programa; toma nota do projeto da CIDH CP/CAJP-2038/03.",
    ),
    "/resolutions/8/summary": (
        "Rappelée dans l'AG/RES. 2141 (XXXV-O/05), la résolution qui a adopté le programme.",
        "Recordada na AG/RES. 2141 (XXXV-O/05), a resolução que aprovou o programa.",
    ),
    "/resolutions/10/summary": (
        "A adopté le programme, à la quatrième séance plénière de la trente-cinquième session ordinaire de l'Assemblée générale.",
        "Aprovou o programa, na quarta sessão plenária do trigésimo quinto período ordinário de sessões da Assembleia Geral.",
    ),
    "/resolutions/11/summary": (
        "Avec l'AG/RES. 2248 (XXXVI-O/06), demande au Secrétaire général un Plan de travail pour le programme.",
        "Juntamente com a AG/RES. 2248 (XXXVI-O/06), solicita ao Secretário-Geral um Plano de Trabalho para o programa.",
    ),
    "/resolutions/12/summary": (
        "Demande une séance spéciale du Conseil permanent sur les flux migratoires au second semestre de 2006 ; avec l'AG/RES. 2224 (XXXVI-O/06), demande au Secrétaire général un Plan de travail pour le programme.",
        "Solicita uma sessão especial do Conselho Permanente sobre os fluxos migratórios no segundo semestre de 2006; juntamente com a AG/RES. 2224 (XXXVI-O/06), solicita ao Secretário-Geral um Plano de Trabalho para o programa.",
    ),
    "/resolutions/13/summary": (
        "En vertu de cette résolution, le Conseil permanent a créé la Commission spéciale chargée des questions migratoires (CEAM) le 24 octobre 2007, un axe de travail lié au programme.",
        "Em virtude dela, o Conselho Permanente criou a Comissão Especial de Assuntos Migratórios (CEAM) em 24 de outubro de 2007, uma linha de trabalho relacionada com o programa.",
    ),
    "/resolutions/14/summary": (
        "A déclaré sans effet la résolution de 1962 qui avait exclu le Gouvernement de Cuba de sa participation à l'OEA ; la participation de Cuba devait résulter d'un dialogue engagé à la demande de son gouvernement.",
        "Declarou sem efeito a resolução de 1962 que excluiu o Governo de Cuba de sua participação na OEA; a participação de Cuba resultaria de um diálogo iniciado a pedido de seu Governo.",
    ),
    "/resolutions/15/summary": (
        "A créé la Commission des questions migratoires (CAM) et lui a confié l'examen, la mise en œuvre et le suivi du programme.",
        "Criou a Comissão de Assuntos Migratórios (CAM) e lhe confiou a revisão, a implementação e o seguimento do programa.",
    ),
    "/resolutions/16/summary": (
        "A créé le Secrétariat aux affaires juridiques, dont le Département du droit international fait partie depuis lors.",
        "Criou a Secretaria de Assuntos Jurídicos, da qual o Departamento de Direito Internacional faz parte desde então.",
    ),
    "/resolutions/17/summary": (CEAM_SERIES_FR, CEAM_SERIES_PT),
    "/resolutions/18/summary": (CEAM_SERIES_FR, CEAM_SERIES_PT),
    "/resolutions/19/summary": (
        "Exprime sa préoccupation devant des lois qui pourraient restreindre les droits des migrants (selon la citation du MiDE).",
        "Expressa preocupação com leis que poderiam restringir os direitos dos migrantes (segundo a citação do MiDE).",
    ),
    "/resolutions/20/summary": (CEAM_SERIES_FR, CEAM_SERIES_PT),
    "/resolutions/21/summary": (
        "Fondement de la réunion conjointe de la CAJP et de la CEAM du 16 février 2012 sur l'exécution du programme.",
        "Fundamento da reunião conjunta da CAJP e da CEAM de 16 de fevereiro de 2012 sobre a execução do programa.",
    ),
    # Documents and meetings: these titles are our descriptions (status summary).
    "/documents/0/title": (
        "Projet de programme de la CIDH (2003)",
        "Projeto de programa da CIDH (2003)",
    ),
    "/documents/1/title": (
        "Rapport annuel du Conseil permanent, 2005",
        "Relatório anual do Conselho Permanente, 2005",
    ),
    "/documents/2/title": (
        "Rapport annuel de la CIDH, avec le sixième rapport d'étape du Rapporteur spécial sur les travailleurs migrants et leurs familles",
        "Relatório anual da CIDH, com o sexto relatório de progresso da Relatoria Especial sobre Trabalhadores Migrantes e suas Famílias",
    ),
    "/documents/3/title": (
        "Plan de travail du Secrétaire général pour le programme : pour chaque secteur du Secrétariat général, les activités confiées, menées et prévues, avec un calendrier",
        "Plano de Trabalho do Secretário-Geral para o programa: para cada área da Secretaria-Geral, as atividades atribuídas, realizadas e previstas, com um cronograma",
    ),
    "/documents/4/title": (
        "Rapport de la première réunion spéciale annuelle de la CAJP sur le programme (16 mars 2006)",
        "Relatório da primeira reunião especial anual da CAJP sobre o programa (16 de março de 2006)",
    ),
    "/documents/5/title": (
        "Rapport final de la deuxième réunion spéciale de la CAJP sur le programme (13 février 2007)",
        "Relatório final da segunda reunião especial da CAJP sobre o programa (13 de fevereiro de 2007)",
    ),
    "/documents/6/title": (
        "Formulaires de diagnostic des participants au programme : consultation des organes, organismes et entités de l'OEA dans le cadre de l'examen de la CAM",
        "Formulários de diagnóstico dos participantes do programa: consulta aos órgãos, organismos e entidades da OEA no âmbito da revisão da CAM",
    ),
    "/documents/7/title": (
        "Consultation des organisations de la société civile dans le cadre de l'examen de la CAM",
        "Consulta às organizações da sociedade civil no âmbito da revisão da CAM",
    ),
    "/documents/8/title": (
        "Rapport du rapporteur sur la réunion spéciale du groupe de travail des 30 septembre et 1er octobre 2004",
        "Relatório do relator sobre a reunião especial do grupo de trabalho de 30 de setembro e 1º de outubro de 2004",
    ),
    "/documents/9/title": (
        "Rapport du président du groupe de travail de la CAJP sur les droits humains des migrants",
        "Relatório do presidente do grupo de trabalho da CAJP sobre os direitos humanos dos migrantes",
    ),
    "/documents/10/title": (
        "Ordre du jour de la réunion spéciale du groupe de travail des 30 septembre et 1er octobre 2004",
        "Agenda da reunião especial do grupo de trabalho de 30 de setembro e 1º de outubro de 2004",
    ),
    "/documents/11/title": (
        "Rapport d'activités du MiDE et du DSDE sur le programme, pour la réunion conjointe de la CAJP et de la CEAM de 2012",
        "Relatório de atividades do MiDE e do DSDE sobre o programa, para a reunião conjunta da CAJP e da CEAM de 2012",
    ),
    "/documents/12/title": (
        "Documents du premier Sommet des Amériques (Miami, 1994)",
        "Documentos da Primeira Cúpula das Américas (Miami, 1994)",
    ),
    "/documents/12/summary": (AG_2141_FR_PL, AG_2141_PT_PL),
    "/documents/13/title": (
        "Documents du deuxième Sommet des Amériques (Santiago, 1998)",
        "Documentos da Segunda Cúpula das Américas (Santiago, 1998)",
    ),
    "/documents/13/summary": (AG_2141_FR_PL, AG_2141_PT_PL),
    "/documents/14/title": (
        "Plan d'action du troisième Sommet des Amériques (Québec, avril 2001)",
        "Plano de Ação da Terceira Cúpula das Américas (Quebec, abril de 2001)",
    ),
    "/documents/14/summary": (
        "A demandé un programme interaméricain dans le cadre de l'OEA sur les droits humains des migrants ; rappelé dans le préambule de l'AG/RES. 2141 (XXXV-O/05).",
        "Pediu um programa interamericano no âmbito da OEA sobre os direitos humanos dos migrantes; recordado no preâmbulo da AG/RES. 2141 (XXXV-O/05).",
    ),
    "/documents/15/title": (
        "Déclaration de Nuevo León (Sommet extraordinaire des Amériques, Monterrey, janvier 2004)",
        "Declaração de Nuevo León (Cúpula Extraordinária das Américas, Monterrey, janeiro de 2004)",
    ),
    "/documents/15/summary": (AG_2141_FR, AG_2141_PT),
    "/documents/16/title": (
        "Déclaration de Mar del Plata (quatrième Sommet des Amériques, novembre 2005)",
        "Declaração de Mar del Plata (Quarta Cúpula das Américas, novembro de 2005)",
    ),
    "/documents/16/summary": (
        "Son paragraphe 27 a encouragé le soutien au programme, après son adoption.",
        "Seu parágrafo 27 incentivou o apoio ao programa, após sua aprovação.",
    ),
    "/meetings/0/title": (
        "Trente-cinquième session ordinaire de l'Assemblée générale",
        "Trigésimo quinto período ordinário de sessões da Assembleia Geral",
    ),
    "/meetings/1/title": (
        "Réunion spéciale du groupe de travail de la CAJP sur le programme, pour recueillir des propositions et des bonnes pratiques",
        "Reunião especial do grupo de trabalho da CAJP sobre o programa, para reunir propostas e boas práticas",
    ),
    "/meetings/2/title": (
        "Première réunion spéciale annuelle de la CAJP sur le programme",
        "Primeira reunião especial anual da CAJP sobre o programa",
    ),
    "/meetings/3/title": (
        "Deuxième réunion spéciale de la CAJP sur le programme",
        "Segunda reunião especial da CAJP sobre o programa",
    ),
    "/meetings/4/title": (
        "Séance conjointe de la CAJP et de la CEAM au cours de laquelle a été présenté le rapport annuel du programme",
        "Sessão conjunta da CAJP e da CEAM na qual foi apresentado o relatório anual do programa",
    ),
    "/meetings/5/title": (
        "Atelier de la CEAM sur la migration extracontinentale dans les Amériques",
        "Oficina da CEAM sobre a migração extracontinental nas Américas",
    ),
    "/meetings/6/title": (
        "Réunion de la CAJP au cours de laquelle le MiDE a présenté un rapport sur le programme",
        "Reunião da CAJP na qual o MiDE apresentou um relatório sobre o programa",
    ),
    "/declarations/0/statement": (
        "Le programme tel qu'adopté confie 33 activités aux organes, organismes et entités de l'OEA.",
        "O programa, tal como aprovado, atribui 33 atividades aos órgãos, organismos e entidades da OEA.",
    ),
    "/declarations/1/statement": (
        "La page du programme du DIL indique que le programme compte près de 70 activités pour les États membres, les organisations multilatérales et régionales et les organisations de la société civile.",
        "A página do programa do DIL indica que o programa tem quase 70 atividades para os Estados membros, as organizações multilaterais e regionais e as organizações da sociedade civil.",
    ),
    "/declarations/2/statement": (
        "La page du Plan de travail du DIL indique que le programme compte plus de 100 activités pour les États membres, les organisations multilatérales et régionales et les organisations de la société civile.",
        "A página do Plano de Trabalho do DIL indica que o programa tem mais de 100 atividades para os Estados membros, as organizações multilaterais e regionais e as organizações da sociedade civil.",
    ),
}

# Official names and titles left without a language, with the note that says why.
_GAP = (
    "The official {languages} {form} of this {what} {verb} not known to us with confidence, "
    "so {it} left absent rather than guessed; add {them} when an OAS document in that "
    "language gives {them}."
)
_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "pt": "Portuguese"}


def _resolve(root: object, pointer: str) -> dict[str, object]:
    node = root
    for part in pointer.strip("/").split("/"):
        node = node[int(part)] if isinstance(node, list) else node[part]  # type: ignore[index]
    assert isinstance(node, dict), pointer
    return node


def _gap_note(entity: dict[str, object], languages: list[str], what: str) -> None:
    names = [_NAMES[lang] for lang in languages]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    one = len(names) == 1
    text = _GAP.format(
        languages=listed,
        form="form" if one else "forms",
        what=what,
        verb="is" if one else "are",
        it="that language is" if one else "those languages are",
        them="it" if one else "them",
    )
    notes = entity.setdefault("notes", [])
    assert isinstance(notes, list)
    if not any(note.get("text") == text for note in notes):
        notes.append({"certainty": "unknown", "text": text})


def main(path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        program = json.load(handle)
    for pointer, (fr, pt) in TRANSLATIONS.items():
        text = _resolve(program, pointer)
        for lang, value in (("fr", fr), ("pt", pt)):
            if value is not None and lang not in text:
                text[lang] = value
    # Every official name or title still lacking a language gets a note on its entity.
    for collection, fields, what in (
        ("actors", ("name", "acronym"), "name"),
        ("resolutions", ("title",), "title"),
    ):
        for entity in program[collection]:
            missing = sorted(
                {
                    lang
                    for field in fields
                    if isinstance(entity.get(field), dict)
                    for lang in ("es", "fr", "pt")
                    if lang not in entity[field]
                },
                key=list(_NAMES).index,
            )
            if missing:
                _gap_note(entity, missing, what)
    if "fr" not in program["title"] or "pt" not in program["title"]:
        missing = [lang for lang in ("fr", "pt") if lang not in program["title"]]
        _gap_note(program, missing, "program's title")
    json.dump(program, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
